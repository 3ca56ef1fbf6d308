from enum import StrEnum

from flask_babel import lazy_gettext as _l


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


OPEN_STATES = frozenset({JobState.PENDING, JobState.RUNNING})

JOB_STATE_LABELS = {
    JobState.PENDING.value: _l("waiting"),
    JobState.RUNNING.value: _l("running"),
    JobState.DONE.value: _l("done"),
    JobState.FAILED.value: _l("failed"),
}
