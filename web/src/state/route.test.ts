import { describe, expect, it } from 'vitest';
import { chatRoute, parseRoute, pathForRoute, projectRoute } from './route';

describe('routes', () => {
  it('reads the pages, conversations and a message to open from the address', () => {
    expect(parseRoute('/')).toEqual(chatRoute(null));
    expect(parseRoute('/memory')).toEqual({ page: 'memory', conversationId: null, messageId: null });
    expect(parseRoute('/personalization/')).toEqual({ page: 'personalization', conversationId: null, messageId: null });
    expect(parseRoute('/c/abc')).toEqual(chatRoute('abc'));
    expect(parseRoute('/c/abc', '?message=m%201')).toEqual(chatRoute('abc', 'm 1'));
    expect(parseRoute('/nowhere')).toEqual(chatRoute(null));
    expect(parseRoute('/projects/p%201/')).toEqual(projectRoute('p 1'));
    expect(parseRoute('/projects')).toEqual(chatRoute(null));
    // A broken escape does not throw: the text is taken as it is.
    expect(parseRoute('/c/50%')).toEqual(chatRoute('50%'));
  });

  it('writes addresses that read back to the same route', () => {
    const routes = [chatRoute(null), chatRoute('a/b'), chatRoute('c1', 'm/2'), parseRoute('/memory'), parseRoute('/personalization'), projectRoute('p/1')];
    for (const route of routes) {
      const path = pathForRoute(route);
      const [pathname, search = ''] = path.split('?');
      expect(parseRoute(pathname, search ? `?${search}` : '')).toEqual(route);
    }
    expect(pathForRoute(chatRoute('c1', 'm2'))).toBe('/c/c1?message=m2');
    expect(pathForRoute(chatRoute(null, 'ignored'))).toBe('/');
  });
});
