"""Accessibility checks run inside the browser on the page as it is shown.

axe-core covers what it can test automatically for WCAG 2.0, 2.1 and 2.2 A
and AA. The checks after it cover what axe leaves out or only flags for a
human: question groups and their legends, errors tied to their fields, the
error summary taking focus, target sizes, reflow without horizontal
scrolling, and the page language.
"""

from __future__ import annotations

from .site import AXE_PATH

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe_source: str | None = None


def axe_violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page, one readable line per failing element."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    # evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: {node['failureSummary']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


# Every check returns a list of problems, each a sentence naming the element.
_FORM_STRUCTURE = """() => {
  const problems = [];
  const name = el => el.id ? '#' + el.id : el.outerHTML.slice(0, 80);
  const groups = {};
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    (groups[input.name] = groups[input.name] || []).push(input);
  }
  for (const [group, inputs] of Object.entries(groups)) {
    const fieldset = inputs[0].closest('fieldset');
    if (!fieldset) { problems.push(`choices "${group}" are not in a fieldset`); continue; }
    const legend = fieldset.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) problems.push(`fieldset of "${group}" has no legend with the question`);
    if (inputs.some(i => i.closest('fieldset') !== fieldset)) problems.push(`choices "${group}" are split across fieldsets`);
    for (const input of inputs) {
      const label = document.querySelector(`label[for="${input.id}"]`);
      if (!label || !label.textContent.trim()) problems.push(`${name(input)} has no label`);
    }
  }
  for (const input of document.querySelectorAll('input[type=text], input[type=number], input:not([type]), textarea, select')) {
    const label = input.id && document.querySelector(`label[for="${input.id}"]`);
    if (!label || !label.textContent.trim()) problems.push(`${name(input)} has no label`);
  }
  return problems;
}"""

_ERRORS_LINKED = """() => {
  const problems = [];
  const name = el => el.id ? '#' + el.id : el.outerHTML.slice(0, 80);
  const described = el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  const messages = [...document.querySelectorAll('.error-message')];
  const invalid = [...document.querySelectorAll('[aria-invalid=true]')];
  const summary = document.getElementById('error-summary');
  if (messages.length && !summary) problems.push('errors are shown but there is no error summary');
  if (messages.length !== new Set(invalid.map(i => i.name)).size)
    problems.push(`${messages.length} error messages but ${invalid.length} fields marked aria-invalid`);
  for (const field of invalid) {
    const holder = field.closest('fieldset') && field.type !== 'text' ? field.closest('fieldset') : field;
    const ids = described(holder);
    const message = ids.map(id => document.getElementById(id)).find(el => el && el.classList.contains('error-message'));
    if (!message || !message.textContent.trim())
      problems.push(`${name(field)} is invalid but aria-describedby does not point at its error message`);
  }
  for (const link of summary ? summary.querySelectorAll('a') : []) {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) problems.push(`error summary link ${link.hash} leads nowhere`);
    else if (target.getAttribute('aria-invalid') !== 'true') problems.push(`error summary link ${link.hash} leads to a field not marked invalid`);
  }
  return problems;
}"""

_TARGET_SIZES = """() => {
  const problems = [];
  const inSentence = el => {
    // WCAG 2.5.8 exception: a link inside a sentence or block of text.
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, dd, td, span');
    return block && block.textContent.trim().length > el.textContent.trim().length;
  };
  const targets = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, label[for]');
  for (const el of targets) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (el.classList.contains('skip-link') && document.activeElement !== el) continue;  // shown on focus only
    if (el.closest('.visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if ((box.width < 24 || box.height < 24) && !inSentence(el))
      problems.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || el.id).trim().slice(0, 40)}" is ${Math.round(box.width)}x${Math.round(box.height)} px, under 24x24`);
  }
  return problems;
}"""

_NO_INLINE_CODE = """() => {
  const problems = [];
  for (const script of document.scripts) if (!script.src) problems.push('inline <script>');
  for (const el of document.querySelectorAll('*')) {
    if (el.hasAttribute('style')) problems.push(`style attribute on <${el.tagName.toLowerCase()}>`);
    for (const attribute of el.attributes) if (/^on/i.test(attribute.name)) problems.push(`${attribute.name} handler on <${el.tagName.toLowerCase()}>`);
  }
  for (const link of document.querySelectorAll('a[href^="javascript:"]')) problems.push('javascript: link');
  return problems;
}"""


def form_structure_problems(page) -> list[str]:
    return page.evaluate(_FORM_STRUCTURE)


def error_link_problems(page) -> list[str]:
    return page.evaluate(_ERRORS_LINKED)


def target_size_problems(page) -> list[str]:
    return page.evaluate(_TARGET_SIZES)


def inline_code_problems(page) -> list[str]:
    """What a strict CSP (script-src 'self', no inline styles) would block."""
    return page.evaluate(_NO_INLINE_CODE)


def horizontal_overflow(page) -> str | None:
    """None when nothing needs horizontal scrolling, else what sticks out."""
    return page.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) return null;
          const wide = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 0.5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
          return `page is ${document.documentElement.scrollWidth}px wide in a ${width}px window; sticking out: ${wide.slice(0, 5).join(', ')}`;
        }"""
    )


def focused_element_id(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


FOCUS_INDICATOR = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {problem: 'nothing has focus'};
  const look = () => {
    const style = getComputedStyle(el);
    return {outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0,
            shadow: style.boxShadow, background: style.backgroundColor, color: style.color};
  };
  const focused = look();
  el.blur();
  const blurred = look();
  el.focus();
  const box = el.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const label = el.labels && el.labels[0];
  return {
    name: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"',
    indicator: (focused.outline >= 2 && blurred.outline < focused.outline) || focused.shadow !== blurred.shadow
               || focused.background !== blurred.background,
    outline: focused.outline,
    onScreen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
    uncovered: !!top && (top === el || el.contains(top) || (!!label && label.contains(top))),
  };
}"""


def focus_indicator_problem(page) -> str | None:
    """None when focus shows (outline of 2px or more, or a changed shadow or background) and nothing covers it.

    The focused element's look is compared with its look without focus, then
    focus is put back, so the keyboard walk carries on from the same place.
    """
    state = page.evaluate(FOCUS_INDICATOR)
    if "problem" in state:
        return state["problem"]
    if not state["indicator"]:
        return f"{state['name']} looks the same with and without focus"
    if not state["onScreen"]:
        return f"{state['name']} has focus but is off screen"
    if not state["uncovered"]:
        return f"{state['name']} has focus but something covers its centre"
    return None
