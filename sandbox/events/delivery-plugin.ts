// Wires event delivery into the sandbox: every OrgStore change becomes events for the subscribed
// apps, pushed by one EventDelivery per sandbox; the admin API reads its log through
// eventDeliveryOf(ctx). Timers and in-flight pushes end when the fastify app closes.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { eventsForChange } from './contact-events.ts';
import { EventDelivery } from './delivery.ts';

const deliveries = new WeakMap<SandboxContext, EventDelivery>();

export function eventDeliveryOf(ctx: SandboxContext): EventDelivery | undefined {
  return deliveries.get(ctx);
}

export function registerEventDelivery(app: FastifyInstance, ctx: SandboxContext): void {
  const delivery = new EventDelivery({
    store: ctx.store,
    now: () => ctx.clock.now(),
    retryScale: ctx.options.retryScale,
    duplicateRate: ctx.options.duplicateRate,
    seed: ctx.options.seed,
  });
  deliveries.set(ctx, delivery);
  const stop = ctx.store.onChange((change) => {
    for (const event of eventsForChange(ctx.store, change, ctx.clock.now())) {
      delivery.enqueue(event);
    }
  });
  app.addHook('onClose', async () => {
    stop();
    delivery.close();
  });
}
