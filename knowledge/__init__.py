"""Knowledge base: articles the units keep, and Polish search over them."""
