/**
 * Services of mixed sizes in a scenario: `groups: [{ name?, count, endpointsPerService }, …]`,
 * the other way to size a catalogue than one `count` of one `endpointsPerService` (under
 * `services:` and under `controlPlane:`). The two forms exclude each other; which was written is
 * seen before defaults fill the one-size form in, and a scenario with groups carries no count or
 * endpointsPerService, so a sweep or variant that sets one beside groups is refused too. Services
 * are numbered group after group (models/services/service-groups.ts).
 */
import { z } from 'zod';
import { serviceGroupParameters } from '../models/services/service-catalogue.ts';
import type { ServiceGroup } from '../models/services/service-groups.ts';
import { messages } from './messages.ts';
import { defaultedField } from './parameter-schema.ts';

/** The groups of a catalogue, in order; names (optional) unique, for `traffic.target.group`. */
export const serviceGroups = z
  .array(z.strictObject({
    name: z.string().min(1).optional().describe('A name for the group, unique among them (traffic.target.group may name it).'),
    count: defaultedField(serviceGroupParameters.count),
    endpointsPerService: defaultedField(serviceGroupParameters.endpointsPerService),
  }))
  .min(1)
  .describe('Services of mixed sizes, numbered group after group: instead of the one-size count and endpointsPerService, e.g. [{ count: 19000, endpointsPerService: 2 }, { count: 1000, endpointsPerService: 50 }].')
  .superRefine((groups, ctx) => {
    groups.forEach((g, i) => {
      if (g.name !== undefined && groups.findIndex((h) => h.name === g.name) < i) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], input: g.name, message: messages.duplicateGroup() });
      }
    });
  });

export type ServiceGroupsScenario = z.output<typeof serviceGroups>;

/** A catalogue's size in one of the two forms, `K` naming its count field (count or services). */
export type SizedBy<K extends string> =
  | ({ [k in K]: number } & { endpointsPerService: number; groups?: undefined })
  | ({ [k in K]?: undefined } & { endpointsPerService?: undefined; groups: ServiceGroupsScenario });

/** Refuses a size field (`countKey`: count or services, and endpointsPerService) given beside
 *  `groups`; the schema leaves both size fields without defaults so that this sees what was
 *  written, and fills them in afterwards. */
export function checkOneForm(countKey: string, prefix: string) {
  return (v: { groups?: unknown; endpointsPerService?: number; [key: string]: unknown }, ctx: z.RefinementCtx): void => {
    if (v.groups === undefined) return;
    for (const key of [countKey, 'endpointsPerService']) {
      if (v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], input: v[key], message: messages.groupsAndSize(`${prefix}.groups`) });
    }
  };
}

/** The model's groups of a scenario's `groups`. */
export function modelGroups(groups: ServiceGroupsScenario): ServiceGroup[] {
  return groups.map((g) => ({ count: g.count, endpointsPerService: g.endpointsPerService }));
}

/** The index of the group `target` names (a name or an index), or -1. */
export function groupIndex(groups: ServiceGroupsScenario, target: string | number): number {
  return typeof target === 'number' ? (target < groups.length ? target : -1) : groups.findIndex((g) => g.name === target);
}
