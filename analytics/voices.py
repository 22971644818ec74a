"""Voices: publishing outlets, cited sources (who said what) and named entities, for any story.

The public entry the pipeline, figures, dashboard, benches and tests call; the work is in ``entity_dict``
(dictionary), ``outlets``, ``entity_recognition`` (names in a sentence), ``article_names`` (names unified
within an article), ``citations``, ``entity_tables`` and ``name_candidates``, re-exported here.
"""
from __future__ import annotations

from analytics.citations import CITATION_COLUMNS, SPEAKER_TYPES, extract_citations
from analytics.entity_dict import (DATA, TYPES, Dictionary, Entry, _norm, entity_dictionary, find_mentions, fold,
                                   load_dictionary)
from analytics.entity_recognition import _COMPOUND_SURNAMES, _SURNAMES, Span, recognise
from analytics.entity_tables import (BYLINE_IDX, CO_MENTION_COLUMNS, ENTITY_COLUMNS, MENTION_COLUMNS, EntityParts,
                                     co_mentions, entities_from_parts, entity_parts, extract_entities, stated_media)
from analytics.name_candidates import CANDIDATE_COLUMNS, candidate_stats, candidates_from_stats, entity_candidates
from analytics.outlets import UNKNOWN_OUTLET, normalise_outlet, outlet_label

__all__ = [
    "BYLINE_IDX", "CANDIDATE_COLUMNS", "CITATION_COLUMNS", "CO_MENTION_COLUMNS", "DATA", "ENTITY_COLUMNS",
    "MENTION_COLUMNS", "SPEAKER_TYPES", "TYPES", "UNKNOWN_OUTLET", "Dictionary", "Entry", "EntityParts", "Span",
    "candidate_stats", "candidates_from_stats", "co_mentions", "entities_from_parts", "entity_candidates",
    "entity_dictionary", "entity_parts", "extract_citations", "extract_entities", "find_mentions", "fold",
    "load_dictionary", "normalise_outlet", "outlet_label", "recognise", "stated_media",
    # private helpers other modules and tests use: bylines (surnames), tests (normalisation)
    "_COMPOUND_SURNAMES", "_SURNAMES", "_norm",
]
