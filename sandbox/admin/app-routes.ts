// Admin changes to an app, as in the developer console: contact range (通讯录权限范围),
// availability (可用范围), scopes, redirect URLs, the event subscription (saved only after the
// url_verification challenge is answered) and the event delivery log.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { eventDeliveryOf } from '../events/delivery-plugin.ts';
import { verifyRequestUrl } from '../events/url-verification.ts';
import type { ContactRange, SandboxApp } from '../org/types.ts';
import { parse } from './errors.ts';
import type { Refs } from './refs.ts';
import {
  appParams,
  deliveriesQuery,
  rangeBody,
  redirectUrlsBody,
  scopesBody,
  subscriptionBody,
} from './schemas.ts';
import { appView } from './views.ts';

export function registerAppRoutes(scope: FastifyInstance, ctx: SandboxContext, refs: Refs): void {
  const store = ctx.store;
  const appOf = (params: unknown): SandboxApp => refs.app(parse(appParams, params, 'path').app_id);

  const range = (app: SandboxApp, input: unknown): ContactRange => {
    const body = parse(rangeBody, input, 'body');
    if (body.kind === 'all') return { kind: 'all' };
    const departmentKeys = [
      ...new Set(body.departments.map((d) => refs.departmentKey(d, app.tenantKey, false))),
    ];
    const userKeys = [...new Set(body.users.map((u) => refs.liveUser(u, app.tenantKey).key))];
    return { kind: 'partial', departmentKeys, userKeys };
  };

  scope.get('/apps/:app_id', async (req) => appView(store, appOf(req.params)));

  scope.put('/apps/:app_id/contact-range', async (req) => {
    const app = appOf(req.params);
    store.setContactRange(app.appId, range(app, req.body));
    return appView(store, app);
  });

  scope.put('/apps/:app_id/availability', async (req) => {
    const app = appOf(req.params);
    store.updateApp(app.appId, { availability: range(app, req.body) });
    return appView(store, app);
  });

  scope.put('/apps/:app_id/scopes', async (req) => {
    const app = appOf(req.params);
    const body = parse(scopesBody, req.body, 'body');
    store.updateApp(app.appId, {
      ...(body.scopes ? { scopes: [...new Set(body.scopes)] } : {}),
      ...(body.user_scopes ? { userScopes: [...new Set(body.user_scopes)] } : {}),
    });
    return appView(store, app);
  });

  scope.put('/apps/:app_id/redirect-urls', async (req) => {
    const app = appOf(req.params);
    const body = parse(redirectUrlsBody, req.body, 'body');
    store.updateApp(app.appId, { redirectUrls: [...new Set(body.redirect_urls)] });
    return appView(store, app);
  });

  scope.put('/apps/:app_id/event-subscription', async (req) => {
    const app = appOf(req.params);
    const body = parse(subscriptionBody, req.body, 'body');
    const keys = {
      encryptKey: body.encrypt_key ?? app.encryptKey,
      verificationToken: body.verification_token ?? app.verificationToken,
    };
    await verifyRequestUrl(app, keys, body.request_url, ctx.clock.now());
    store.updateApp(app.appId, {
      ...keys,
      subscription: { requestUrl: body.request_url, eventTypes: [...new Set(body.event_types)] },
    });
    return appView(store, app);
  });

  scope.delete('/apps/:app_id/event-subscription', async (req) => {
    const app = appOf(req.params);
    store.updateApp(app.appId, { subscription: undefined });
    return appView(store, app);
  });

  scope.get('/apps/:app_id/deliveries', async (req) => {
    const app = appOf(req.params);
    const query = parse(deliveriesQuery, req.query, 'query');
    const records =
      eventDeliveryOf(ctx)?.records({
        appId: app.appId,
        eventId: query.event_id,
        limit: query.limit,
      }) ?? [];
    return { deliveries: records };
  });

  scope.get('/deliveries', async (req) => {
    const query = parse(deliveriesQuery, req.query, 'query');
    const records =
      eventDeliveryOf(ctx)?.records({
        appId: query.app_id,
        eventId: query.event_id,
        limit: query.limit,
      }) ?? [];
    return { deliveries: records, pending: eventDeliveryOf(ctx)?.pending() ?? 0 };
  });
}
