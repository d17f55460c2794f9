/** The one index.html each app gets; assets are relative so the pages work under /kiosk/, /admin/, /board/. */
export type AppName = 'kiosk' | 'admin' | 'board';

const titles: Record<AppName, string> = { kiosk: '自助取号', admin: '窗口管理', board: '叫号显示屏' };

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
<script src="./app.js" defer></script>
</body>
</html>
`;
}
