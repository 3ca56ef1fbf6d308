"""The base of every section of the settings (the shell's in cct.config, each domain's in its schemas)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A group of settings: unknown keys refused, frozen once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
