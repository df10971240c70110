// Webview entry point (filled by the UI issue).
export {};
