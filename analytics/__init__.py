"""Narrative and sentiment analytics for Chinese-language news (no Streamlit here)."""

__version__ = "0.1.0"
