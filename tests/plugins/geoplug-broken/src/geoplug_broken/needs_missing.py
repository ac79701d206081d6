import geoplug_this_package_does_not_exist  # noqa: F401  (fails on import, on purpose)
