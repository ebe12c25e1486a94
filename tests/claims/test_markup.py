"""Editors' Markdown becomes safe HTML that nests under the page's headings."""

from __future__ import annotations

from claims.markup import render_markdown


def test_markdown_is_rendered():
    html = render_markdown("The **office** said:\n\n- one\n- two\n\n> quoted")
    assert "<strong>office</strong>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_headings_nest_under_the_pages_own():
    html = render_markdown("# Background\n\n## Detail\n\n###### Deepest")
    assert "<h3>Background</h3>" in html and "<h4>Detail</h4>" in html and "<h6>Deepest</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_scripts_handlers_frames_and_images_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><p onclick="alert(2)">x</p><iframe src="https://evil.example"></iframe>'
        '![img](https://tracker.example/pixel.png)<style>body{}</style>'
    )
    assert "<script" not in html and "alert(1)" not in html
    assert "onclick" not in html and "<iframe" not in html and "<img" not in html and "<style" not in html
    assert "<p>x</p>" in html


def test_only_web_and_mail_links_survive_and_they_do_not_pass_referrers():
    html = render_markdown("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://ok.example/) [d](mailto:desk@ok.example)")
    assert "javascript:" not in html and "data:" not in html
    assert '<a href="https://ok.example/" rel="nofollow noopener noreferrer">c</a>' in html
    assert 'href="mailto:desk@ok.example"' in html


def test_empty_body_renders_nothing():
    assert render_markdown("   ") == ""


def test_nothing_of_one_document_carries_into_the_next():
    """The converter is reused between pages: link references, footnotes and abbreviations
    defined in one explanation must not reach another."""
    first = render_markdown("See [the data][d] and HTML.[^1]\n\n[d]: https://data.example/\n\n*[HTML]: Hyper Text\n\n[^1]: Note.")
    assert 'href="https://data.example/"' in first and "<abbr" in first
    second = render_markdown("See [the data][d] and HTML.[^1]")
    assert "data.example" not in second and "<abbr" not in second and "Note." not in second


def test_clip_truncates_like_truncatechars_and_escapes():
    from django.template import Context, Template

    long_text = "Unemployment fell " * 30
    rendered = Template("{% load factcheck %}{{ a|clip:280 }}|{{ b|clip:280 }}|{{ c|clip:10 }}").render(
        Context({"a": long_text, "b": "<b>short</b>", "c": "exactly 10"})
    )
    clipped, short, exact = rendered.split("|")
    assert clipped == Template("{{ a|truncatechars:280 }}").render(Context({"a": long_text}))
    assert len(clipped) == 280 and clipped.endswith("…")
    assert short == "&lt;b&gt;short&lt;/b&gt;"
    assert exact == "exactly 10"
