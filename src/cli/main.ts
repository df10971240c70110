// CLI entry (filled by the engine issue)
export {};
