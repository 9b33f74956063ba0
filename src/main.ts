import './app/wsp-app.ts';
