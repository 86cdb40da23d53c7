/** Every kind's field definition, by kind. */
import type { KindDefinition } from "./define";
import { routeFields } from "./route";

export const definitions: Record<string, KindDefinition> = {
  Route: routeFields,
};
