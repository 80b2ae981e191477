"""The HTML report's style sheet and script, and the ``Content-Security-Policy`` that
admits only those two (by hash) and no network access at all."""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;
--rm:#ffd7d5;--rm-edge:#cf222e;--first:#d3f5dc;--first-edge:#1a7f37;--chg:#ffec99;--tag:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;
--panel:#151b23;--rm:#5c1d1d;--rm-edge:#ff7b72;--first:#173d26;--first-edge:#3fb950;--chg:#5a4a0a;--tag:#4493f8}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:1rem 1.5rem 4rem;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK JP","Noto Sans Arabic","DejaVu Sans",sans-serif}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0}h3{font-size:1.05rem;margin:1rem 0 .5rem}
h4{font-size:.9rem;margin:0 0 .25rem;color:var(--muted);font-weight:600}
a{color:var(--tag)}.muted{color:var(--muted)}code,.path,.doc-id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.92em}
.stats{display:flex;flex-wrap:wrap;gap:.75rem;margin:.75rem 0;padding:0}
.stats div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:8rem}
.stats dt{font-size:.8rem;color:var(--muted)}.stats dd{margin:0;font-size:1.2rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:start;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}
ol.top li{margin:.3rem 0}.excerpt{unicode-bidi:isolate}
details{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;background:var(--bg)}
details>summary{cursor:pointer;padding:.4rem .75rem;list-style-position:inside}
details[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
details>.body{padding:.5rem .75rem}
section.file{margin:1.5rem 0}
section.file>details>summary h2{display:inline}
.badge{display:inline-block;border-radius:1em;padding:0 .55em;font-size:.8rem;font-weight:600;border:1px solid}
.badge.exact{color:var(--rm-edge)}.badge.near{color:#9a6700}.badge.cross{color:var(--tag)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}@media (max-width:800px){.pair{grid-template-columns:1fr}}
.pane{border-inline-start:4px solid var(--rm-edge);padding-inline-start:.5rem;min-width:0}.pane.first{border-color:var(--first-edge)}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;line-height:1.55}
.text>p{position:relative;margin:0;padding-inline-start:3.6em;unicode-bidi:plaintext;text-align:start;min-height:1.55em}
.text>p>i{position:absolute;inset-inline-start:0;width:3em;color:var(--muted);font-style:normal;font-size:.75rem;
line-height:2.05;text-align:end;user-select:none;unicode-bidi:isolate}
mark{color:inherit;background:none}mark.rm{background:var(--rm)}mark.first{background:var(--first)}
mark.rm.first{background:linear-gradient(var(--rm),var(--first))}mark.chg{background:var(--chg);outline:1px solid #bf8700}
.ctl{color:var(--muted);border:1px dotted var(--muted);border-radius:2px;font-size:.8em}
a.tag,span.tag{font-size:.72rem;font-weight:600;text-decoration:none;user-select:none;unicode-bidi:isolate;
border-radius:3px;padding:0 .3em;margin-inline-end:.25em;vertical-align:.15em}
a.tag{background:var(--rm-edge);color:var(--bg)}span.tag{background:var(--first-edge);color:var(--bg)}span.tag a{color:inherit}
.cut{color:var(--muted);font-style:italic}
:target{outline:3px solid var(--tag);outline-offset:2px}
.controls button{font:inherit;font-size:.85rem;margin-inline-end:.5rem}
html:not([data-js]) .controls{display:none}
""".strip()

JS = """
(function(){
var root=document.documentElement;root.setAttribute("data-js","ready");
function reveal(){
var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);if(!el)return;
for(var p=el;p;p=p.parentElement){if(p.tagName==="DETAILS")p.open=true;}
el.scrollIntoView({block:"center"});}
window.addEventListener("hashchange",reveal);reveal();
var buttons=document.querySelectorAll("button[data-open]");
for(var i=0;i<buttons.length;i++){buttons[i].addEventListener("click",function(){
var open=this.getAttribute("data-open")==="1";var all=document.querySelectorAll("details");
for(var j=0;j<all.length;j++)all[j].open=open;});}
})();
""".strip()


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(CSS)}; script-src {_csp_hash(JS)}; "
    "base-uri 'none'; form-action 'none'"
)
