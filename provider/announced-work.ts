/**
 * Tells the run's progress (client/progress.ts) what the engine has announced: at `up` every
 * resource is checked before it is created or updated, and a diff says whether anything follows.
 * From these the progress line of a rate-limited run counts the operations still to come.
 */
import { runProgress } from "./client/progress";
import type { ResourceHandler } from "./resources/types";

export function countingAnnouncedWork(h: ResourceHandler<any, any>): ResourceHandler<any, any> {
  return {
    ...h,
    async check(olds, news) {
      const r = await h.check(olds, news);
      // A refused check ends the run's plan for the resource: nothing will follow.
      if (!r.failures?.length) runProgress.announce();
      return r;
    },
    async diff(id, olds, news) {
      const r = await h.diff(id, olds, news);
      if (!r.changes) runProgress.settle();
      // A replacement is a create and a delete: the check announced one of them.
      else if (r.replaces?.length) runProgress.announce();
      return r;
    },
    async create(inputs) {
      try {
        return await h.create(inputs);
      } finally {
        runProgress.finished();
      }
    },
    async update(id, olds, news) {
      try {
        return await h.update(id, olds, news);
      } finally {
        runProgress.finished();
      }
    },
    async delete(id, props) {
      try {
        return await h.delete(id, props);
      } finally {
        runProgress.finished();
      }
    },
  };
}
