def languages(request):
    """SOURCE_LANGUAGE for templates: `{% if LANGUAGE_CODE != SOURCE_LANGUAGE %}`."""
    from .registry import SOURCE_LANGUAGE

    return {"SOURCE_LANGUAGE": SOURCE_LANGUAGE}
