/**
 * The one index.html each app gets; assets are relative so the pages work under /kiosk/, /admin/,
 * /board/, /rating/. The kiosk is an ES module (its camera screen is a chunk loaded on demand).
 */
export type AppName = 'kiosk' | 'admin' | 'board' | 'rating';

const titles: Record<AppName, string> = {
  kiosk: '自助取号',
  admin: '窗口管理',
  board: '叫号显示屏',
  rating: '服务评价',
};

/** Apps built as ES modules with code splitting; the others are one classic script. */
export const MODULE_APPS: readonly AppName[] = ['kiosk'];

function scriptTag(app: AppName): string {
  return MODULE_APPS.includes(app)
    ? '<script type="module" src="./app.js"></script>'
    : '<script src="./app.js" defer></script>';
}

export function indexHtml(app: AppName): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${titles[app]}</title>
<link rel="stylesheet" href="./app.css">
</head>
<body>
<div id="app"></div>
<noscript>此页面需要启用 JavaScript。</noscript>
${scriptTag(app)}
</body>
</html>
`;
}
