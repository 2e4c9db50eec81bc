import type { TFunction } from 'i18next';
import type { ParamDef } from '@shared/catalog';

/** A parameter's description in the interface language; the catalog's English when a table lacks it. */
export function paramDescription(t: TFunction, def: ParamDef): string {
  return t(`paramText.${def.name}.description`, { defaultValue: def.description });
}

/** What one option of an enum parameter means, in the interface language (the option's name stays as typed). */
export function optionDescription(t: TFunction, def: ParamDef, option: { value: string; description?: string }): string | undefined {
  return option.description === undefined ? undefined : t(`paramText.${def.name}.option.${option.value}`, { defaultValue: option.description });
}
