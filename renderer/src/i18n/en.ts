// English strings. Keys are grouped by screen; Simplified Chinese will be a sibling file with the same keys.
export const en = {
  app: {
    title: 'Switchdeck',
    subtitle: 'Parameter catalog',
  },
  catalog: {
    search: 'Search parameters',
    searchPlaceholder: 'Name, description or category',
    groupAll: 'All groups',
    groupSip: 'SIP parameter',
    groupSystem: 'System parameter',
    count: '{{shown}} of {{total}} parameters',
    colName: 'Name',
    colGroup: 'Group',
    colCategory: 'Category',
    colDefault: 'Default',
    colAllowed: 'Allowed values',
    colEngine: 'Engine support',
    colDescription: 'Description',
    related: 'Related: {{names}}',
    engine_enforced: 'Enforced',
    engine_approximated: 'Approximated',
    engine_stored: 'Stored only',
    none: 'No parameter matches “{{query}}”.',
  },
} as const;
