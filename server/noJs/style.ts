/** The no-JS pages' only stylesheet, served from /nojs/style.css (the CSP allows no inline style). */
export const NOJS_CSS = `body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
header{border-bottom:1px solid #ccc;margin-bottom:1rem}.site{font-weight:bold}
ul.langs,ul.nav{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.field{margin:1rem 0;border:0;padding:0}label,legend{font-weight:600;display:block}.choice label{display:inline;font-weight:normal}
input[type=text],select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}
.help{color:#555;font-size:.92rem;margin:.2rem 0}.error{color:#a00;font-weight:600}.ok{color:#064;font-weight:600}
.warning{border:2px solid #b35c00;background:#fff6e8;padding:.5rem 1rem;margin:1rem 0}
.error-summary{border:2px solid #a00;padding:.5rem 1rem}
.case-code{font-family:monospace;font-size:1.6rem;letter-spacing:.1rem;border:2px dashed #333;padding:.5rem;display:inline-block}
button{font:inherit;padding:.5rem 1rem;margin:.5rem 0}button.primary{background:#0b4f8a;color:#fff;border:0}
.message{border-left:3px solid #999;padding-left:.5rem;margin:.5rem 0;list-style:none}.message-text{white-space:pre-wrap}
`;
