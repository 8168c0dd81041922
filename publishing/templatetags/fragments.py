"""{% fragment page_fragment "name" %}…{% endfragment %}: the enclosed template printed from
the page's stored fragment (publishing.fragments) when it holds that part, else rendered and
stored. Without a fragment (None: staff, fragments off, the cache down) it is just rendered."""

from django import template

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, fragment, name, nodelist):
        self.fragment = fragment
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        fragment = self.fragment.resolve(context, ignore_failures=True)
        if fragment is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        html = fragment.get(name)
        if html is None:
            html = fragment.keep(name, self.nodelist.render(context))
        return html


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a fragment and a part name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
