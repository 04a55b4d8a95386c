"""The build's own error, shared by the modules of its steps (execute, stage, the build)."""


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and why."""
