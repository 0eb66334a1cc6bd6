/**
 * The inline CSS and script of smoke.html. The script is plain, inline and optional: without it
 * the page still shows everything (filters and copy buttons are the only things it adds); no CDN,
 * no external asset, nothing fetched.
 */

/** Styles of smoke.html (the loop section reuses `.figures`, `.passed`, `.failed`, `.badge`). */
export const SMOKE_CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;\
color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de;\
padding-bottom:.3rem}h3{font-size:1rem;margin:0 0 .3rem}
.meta{color:#59636e}.figures{display:flex;gap:2rem;align-items:center;flex-wrap:wrap;margin:1rem 0}
.figure b{display:block;font-size:1.6rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;\
padding:.35rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}code,pre,.trace{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}\
pre,.trace{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;\
border-radius:6px;margin:.4rem 0}
.crash{background:#cf222e;color:#fff;border-radius:4px;padding:0 .35rem}.passed{color:#1a7f37}.failed{color:#cf222e}\
.blocked{color:#9a6700}.badge{font-weight:600;text-transform:uppercase;font-size:.75rem}
details{margin:.4rem 0}summary{cursor:pointer}
.group{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.count{display:inline-block;min-width:2.6rem;font-weight:700;color:#cf222e}
.tools{display:flex;gap:.5rem;flex-wrap:wrap;margin:.4rem 0}
button.copy{font:12px system-ui,sans-serif;border:1px solid #d0d7de;background:#f6f8fa;border-radius:6px;\
padding:.15rem .6rem;cursor:pointer}
button.copy.done{background:#dafbe1}
.trace .app{background:#fff8c5;font-weight:600}.trace details{margin:0}.trace summary{color:#59636e;list-style:none}
.trace summary::before{content:"▸ "}.trace details[open]>summary::before{content:"▾ "}.trace .fw{color:#59636e}
.inst{border-top:1px solid #eaeef2;padding:.2rem 0}.inst>summary{font-weight:400}.more{color:#59636e;font-style:italic}
.filters{display:flex;gap:.8rem;flex-wrap:wrap;align-items:center;background:#f6f8fa;border:1px solid #d0d7de;\
border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
.filters input{width:16rem}[hidden]{display:none!important}
nav.toc a{margin-right:1rem}`;

/**
 * Filters (kind, method, path) and copy buttons. A group is shown when its kind matches and one
 * of its endpoints does; within it, instance rows that do not match are hidden. Copy takes the
 * text of the element a button names (summaries of collapsed frames left out).
 */
export const SMOKE_SCRIPT = `
(function(){
var q=function(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));};
var kind=document.getElementById('f-kind'),method=document.getElementById('f-method'),\
path=document.getElementById('f-path'),shown=document.getElementById('f-shown');
function hit(el){var m=method.value,p=path.value.trim().toLowerCase();\
var ms=(el.getAttribute('data-methods')||el.getAttribute('data-method')||'').split(' ');\
var ps=(el.getAttribute('data-paths')||el.getAttribute('data-path')||'').toLowerCase();\
return (!m||ms.indexOf(m)>=0)&&(!p||ps.indexOf(p)>=0);}
function apply(){var k=kind.value,n=0,all=q('.group');all.forEach(function(g){var ok=(!k||(' \
'+g.getAttribute('data-kinds')+' ').indexOf(' '+k+' ')>=0)&&hit(g);g.hidden=!ok;if(ok)n++;\
q('.inst',g).forEach(function(i){i.hidden=!hit(i);});});
q('tr[data-method]').forEach(function(r){r.hidden=!hit(r);});q('li[data-method]').forEach(function(r){r.hidden=!hit(r);\
});if(shown)shown.textContent=n+' of '+all.length+' root causes shown';}
[kind,method,path].forEach(function(el){if(el)el.addEventListener('input',apply);});
function text(el){var c=el.cloneNode(true);q('summary',c).forEach(function(s){s.remove();});\
return c.textContent.replace(/\\n+$/,'');}
function fallback(t){var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();\
try{document.execCommand('copy');}finally{a.remove();}}
document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('button.copy');if(!b)return;\
var el=document.getElementById(b.getAttribute('data-copy'));if(!el)return;var t=text(el);
var done=function(){b.classList.add('done');var l=b.textContent;b.textContent='copied';\
setTimeout(function(){b.textContent=l;b.classList.remove('done');},1200);};
if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(done,function(){fallback(t);\
done();});}else{fallback(t);done();}});
if(kind)apply();
})();`;
