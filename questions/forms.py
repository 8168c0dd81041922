from publishing.admin import VersionedForm
from publishing.slugs import PinyinSlugMixin


class QuestionForm(PinyinSlugMixin, VersionedForm):
    slug_source = "question"
