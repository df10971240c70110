/** The inspector's view and panel identifiers (package.json `contributes.views`, the panel serializer). */
export const INSPECTOR_VIEW_ID = 'partials.inspector';
export const PANEL_VIEW_TYPE = 'partials.inspectorPanel';
