/**
 * The one stylesheet of every page, inline (no request, no web font): system faces, a serif for
 * headlines and reading, one column on a phone and a grid from 48rem. Colours keep a contrast of
 * at least 4.5:1 in the light and the dark scheme; focus is always visible; nothing is wider than
 * a 320 px phone. The console adds its own rules on top (see `console/view.ts`).
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#55555f;--bg:#fff;--surface:#f6f4ef;--line:#dedbd2;--link:#a3192a;--accent:#a3192a;--on-accent:#fff;--danger:#a1170f;--notice:#fbf3e6;--ok:#1d6b3a;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif",Georgia,"DejaVu Serif",serif}
@media (prefers-color-scheme:dark){:root{--fg:#ebeae6;--muted:#aeadb5;--bg:#141416;--surface:#1d1d21;--line:#34343b;--link:#ff8f8f;--accent:#ff8f8f;--on-accent:#141416;--danger:#ff8a80;--notice:#2a2418;--ok:#7fd39b}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 var(--sans);overflow-wrap:anywhere;-webkit-font-smoothing:antialiased}
a{color:var(--link);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid currentColor;outline-offset:2px}
img{max-width:100%;height:auto}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:1}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
header,main,footer{max-width:44rem;margin:0 auto;padding:1rem 1.25rem}
main.wide,header,footer{max-width:72rem}
header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1.5rem;border-bottom:1px solid var(--line)}
header .brand{font:700 1.5rem/1.2 var(--serif);color:var(--fg);text-decoration:none;letter-spacing:-.01em}
header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.25rem}
header nav a{color:var(--fg);text-decoration:none;font-weight:600}
header nav a:hover{text-decoration:underline}
a.button,header nav a.button{display:inline-block;background:var(--accent);color:var(--on-accent);padding:.45rem 1rem;border-radius:999px;text-decoration:none;font-weight:700}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;margin-top:3rem}
footer ul{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
footer a{color:var(--muted)}
h1,h2,h3{font-family:var(--serif);line-height:1.2;letter-spacing:-.01em;text-wrap:balance}
h1{font-size:clamp(1.9rem,1.4rem + 2.2vw,2.75rem);margin:1rem 0 .75rem}
h2{font-size:1.5rem;margin:2.5rem 0 .75rem}
h3{font-size:1.2rem;margin:0 0 .35rem}
.meta,.hint{color:var(--muted);font-size:.925rem}
.meta a{color:inherit}
.kicker{margin:0 0 .35rem;font:700 .8rem/1.2 var(--sans);letter-spacing:.08em;text-transform:uppercase}
.kicker a{color:var(--accent);text-decoration:none}
.lede{font-size:1.15rem;color:var(--muted);margin:0 0 1.25rem}
ul.feeds{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem .9rem;font-size:.9rem}
ul.feeds a{color:var(--muted)}
ul.articles{padding-left:1.2rem}
.hero{background:var(--surface);border:1px solid var(--line);border-radius:14px;padding:1.5rem 1.25rem;margin:1.5rem 0 2rem}
.hero h1{margin-top:0}
.hero .lede{max-width:38rem}
.teaser{padding:1rem 0;border-bottom:1px solid var(--line)}
.teaser h3 a,.lead h2 a{color:var(--fg);text-decoration:none}
.teaser h3 a:hover,.lead h2 a:hover{text-decoration:underline}
.teaser p{margin:.25rem 0}
.summary{margin:.35rem 0 0;color:var(--fg)}
.lead{padding:0 0 1.5rem}
.latest{margin-top:1rem}
.lead h2{font-size:clamp(1.6rem,1.2rem + 1.6vw,2.25rem);margin:.25rem 0 .5rem}
.lead .summary{font:1.15rem/1.6 var(--serif)}
.section-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:0 1rem;border-bottom:2px solid var(--fg);margin:2.5rem 0 0}
.section-head h2{margin:0 0 .35rem;font-size:1.35rem}
.section-head h2 a{color:var(--fg);text-decoration:none}
.grid{display:grid;gap:0 2rem}
.story h1{font-size:clamp(2rem,1.5rem + 2.4vw,3rem);margin:.25rem 0 .75rem}
.story .meta{font-size:.95rem}
.story .body{font:1.1875rem/1.75 var(--serif);margin-top:1.5rem}
.story .body p{margin:0 0 1.2em}
.story .body h2,.story .body h3{margin:1.6em 0 .5em}
.story .body blockquote{margin:1.5em 0;padding:0 0 0 1rem;border-left:3px solid var(--line);color:var(--muted)}
.story .body pre{overflow-x:auto;background:var(--surface);padding:.75rem;border-radius:6px;font-size:.9rem}
.cta{background:var(--surface);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:10px;padding:1.25rem;margin:2.5rem 0}
.cta h2{margin:0 0 .5rem;font-size:1.4rem}
aside{margin-top:2.5rem}
aside h2,.more h2{font-size:1.2rem;border-bottom:2px solid var(--fg);padding-bottom:.35rem}
ul.related{list-style:none;padding:0;margin:0}
ul.related li{padding:.75rem 0;border-bottom:1px solid var(--line)}
ul.related .headline{font:700 1.1rem/1.3 var(--serif);display:block;margin-bottom:.2rem}
ul.related a.headline{color:var(--fg)}
.message{max-width:36rem;margin:2rem auto;background:var(--surface);border:1px solid var(--line);border-radius:14px;padding:1.5rem 1.25rem}
.message h1{margin-top:0;font-size:clamp(1.7rem,1.3rem + 1.6vw,2.25rem)}
.message h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.message ol{padding-left:1.3rem}
.message li{margin:.35rem 0}
.status-mark{display:inline-block;font:700 .8rem/1 var(--sans);letter-spacing:.08em;text-transform:uppercase;color:var(--accent);margin:0 0 .5rem}
form{margin:1rem 0}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 1rem;padding:.5rem 1rem 1rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
fieldset label{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.5rem 0;min-height:1.75rem}
input[type=email],input[type=password],input[type=text],input[type=search],select{display:block;width:100%;font:inherit;padding:.625rem .75rem;border:1px solid var(--muted);border-radius:8px;margin:0 0 1rem;background:var(--bg);color:var(--fg)}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--accent)}
button{font:inherit;font-weight:700;padding:.7rem 1.25rem;border:2px solid var(--accent);border-radius:8px;background:var(--accent);color:var(--on-accent);cursor:pointer;min-height:2.75rem}
button.secondary{background:var(--bg);color:var(--danger);border-color:var(--danger)}
.signup{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.signup .field{flex:1 1 14rem}
.signup input[type=email]{margin:0}
details.options{margin:1rem 0 0}
details.options summary{cursor:pointer;font-weight:600;color:var(--muted);min-height:1.75rem}
details.options[open] summary{margin-bottom:.75rem}
.problems{border:2px solid var(--danger);border-radius:8px;padding:.5rem 1rem;margin:0 0 1rem;color:var(--danger)}
.problems p{margin:.25rem 0;font-weight:700}
.notice{border-left:4px solid var(--accent);padding:.5rem .75rem;background:var(--notice);border-radius:0 6px 6px 0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
@media (min-width:48rem){
.hero{padding:2.25rem 2.5rem;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.1fr);gap:0 3rem;align-items:start}
.hero .intro h1{margin-top:.25rem}
.grid.two{grid-template-columns:repeat(2,minmax(0,1fr))}
.grid.three{grid-template-columns:repeat(3,minmax(0,1fr))}
.latest{display:grid;grid-template-columns:minmax(0,1.6fr) minmax(0,1fr);gap:0 2.5rem}
.latest .lead{border-right:1px solid var(--line);padding-right:2.5rem}
.latest .teaser:first-child{padding-top:0}
.latest .teaser:last-child{border-bottom:0}
.message{padding:2rem 2.5rem}
}
`.trim();
