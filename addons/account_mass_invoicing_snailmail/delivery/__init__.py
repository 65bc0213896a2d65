from .post import PostChannel

__all__ = ["PostChannel"]
