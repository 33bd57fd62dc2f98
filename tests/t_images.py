"""volante tests: images."""
from vtest import *

@test("png.reference", "all")
def _(env):
    """Every shipped language's flyer rasterized at 30 dpi against tests/ref/flyer-LANG.png: at most 0.5% of pixels
    may differ by more than 10% (font rasterizer differences stay under that)."""
    refdir = os.path.join(env.src, "tests", "ref")
    update = os.environ.get("VOLANTE_UPDATE_REFS") == "1"
    for lang in REF_LANGS:
        base = os.path.join(env.work, "png-" + lang)
        tool("pdftoppm", "-r", "30", "-png", "-singlefile", os.path.join(env.all, "flyer", lang + ".pdf"), base)
        match_reference(base + ".png", os.path.join(refdir, "flyer-%s.png" % lang), update)

@test("png.print-reference")
def _(env):
    """The print layouts' sheets at 30 dpi against tests/ref/LAYOUT-LANG-N.png, under the
    same tolerance as the flyers (0.5% of pixels off by more than 10%)."""
    refdir = os.path.join(env.src, "tests", "ref")
    update = os.environ.get("VOLANTE_UPDATE_REFS") == "1"
    out = render_print(env, "png-print", "--layout", "handbill", "--layout", "cards", "--layout", "trifold",
                       "--lang", "en", "--lang", "fa+en", "--lang", "fa")
    for name in ("handbill/en", "cards/fa+en", "trifold/en", "trifold/fa"):
        base = os.path.join(out, name.replace("/", "-"))
        tool("pdftoppm", "-r", "30", "-png", os.path.join(out, name + ".pdf"), base)
        for page in sorted(f for f in os.listdir(out) if f.startswith(os.path.basename(base)) and f.endswith(".png")):
            match_reference(os.path.join(out, page), os.path.join(refdir, page), update)
