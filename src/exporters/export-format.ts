/** The formats the export service writes (a module of its own, so the assistant's types can name them without loading the exporters). */
export const EXPORT_FORMATS = ['pdf', 'canvas', 'markdown'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
