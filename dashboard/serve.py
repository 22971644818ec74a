"""Server entry (`streamlit run dashboard/serve.py`): before the port answers, and so before
/_stcore/health says ok, the default page is run once outside any session to fill the shared caches;
the first visitor then reads them instead of paying imports and the first build."""
from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
DEFAULT_PAGE = HERE / "app_pages" / "overview.py"
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    """Warm the caches in a worker thread once the runtime has started; uvicorn accepts connections only
    after this yields. data is imported here, not at module level, so its st.cache_data functions bind to
    the runtime's cache storage (Streamlit's st.App guidance)."""
    from dashboard import auth, data, links, recovery, ui_views  # noqa: F401  (the entry script's imports)

    await asyncio.to_thread(data.warm_start, DEFAULT_PAGE)
    gc.collect()
    gc.freeze()  # the warm heap lives as long as the server: later collections need not walk it again
    yield


_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
logging.getLogger("dashboard").addHandler(_handler)
logging.getLogger("dashboard").setLevel(logging.INFO)
logging.getLogger("dashboard").propagate = False
app = st.App("streamlit_app.py", lifespan=lifespan)
