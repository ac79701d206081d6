from geoplug.core.plugins import hookimpl


@hookimpl
def geoplug_models():
    raise RuntimeError("this hook always fails")
