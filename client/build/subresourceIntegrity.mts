import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Adds `integrity="sha384-..."` to every script and stylesheet the built HTML references, so a
 * tampered file on a cache or mirror is refused by the browser. Runs after Vite wrote the HTML.
 */
export function subresourceIntegrity(): Plugin {
  return {
    name: 'cc-subresource-integrity',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const hashOf = (fileName: string): string | undefined => {
        const item = bundle[fileName];
        if (!item) return undefined;
        const bytes = item.type === 'chunk' ? item.code : item.source;
        return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
      };
      for (const item of Object.values(bundle)) {
        if (item.type !== 'asset' || !item.fileName.endsWith('.html')) continue;
        const html = String(item.source);
        item.source = html.replace(/<(script|link)\b([^>]*?)\s(src|href)="\/([^"]+)"([^>]*)>/g, (tag, el, before, attr, file, after) => {
          const integrity = hashOf(file);
          if (!integrity || /integrity=/.test(tag)) return tag;
          return `<${el}${before} ${attr}="/${file}" integrity="${integrity}"${after}>`;
        });
      }
    },
  };
}
