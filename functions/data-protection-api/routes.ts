// The data-protection routes bound to what answers them: consent, erasure requests and approval, export.
import { randomUUID } from 'node:crypto';
import {
  approveErasureRequest,
  exportMyData,
  getMyConsents,
  listErasureRequests,
  putMyConsent,
  requestMyErasure,
} from '../../shared/contracts/api/data-protection-routes';
import type { ConsentEventsPublisher } from '../../shared/adapters/consent-events';
import type { ConsentStore } from '../../shared/adapters/consent-store';
import type { ErasureRequests } from '../../shared/adapters/erasure-requests';
import { consentAnnouncement } from '../../shared/data-protection/consent-announcement';
import { consentViews } from '../../shared/data-protection/consents';
import { approveErasure, type EraseDeps } from '../../shared/data-protection/erase-customer';
import { erasureRequestView } from '../../shared/data-protection/erasure-views';
import { exportCustomer, type ExportDeps } from '../../shared/data-protection/export-customer';
import { problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { logger } from '../../shared/runtime/observability';

export type DataProtectionDeps = {
  consents: Pick<ConsentStore, 'consents' | 'change'>;
  consentEvents: ConsentEventsPublisher;
  requests: ErasureRequests;
  erase: Omit<EraseDeps, 'requests' | 'now'>;
  export: Omit<ExportDeps, 'requests' | 'now'>;
  now?: () => Date;
};

export const dataProtectionBindings = (deps: DataProtectionDeps): RouteBinding[] => {
  const now = deps.now ?? (() => new Date());
  return [
    bindRoute(getMyConsents).to(async ({ caller }) => ({
      status: 200,
      body: { consents: consentViews(await deps.consents.consents(caller.customerId!)) },
    })),

    bindRoute(putMyConsent).to(async ({ caller, params, body, correlationId }) => {
      const customerId = caller.customerId!;
      await deps.consents.change(customerId, {
        purpose: params.purpose,
        channel: params.channel,
        state: body.state,
        changedAt: now().toISOString(),
        changeId: correlationId,
        source: 'CUSTOMER_API',
      });
      // Read back: a newer decision from core banking, or an erasure's seal, may have won over this one.
      const stored = await deps.consents.consents(customerId);
      // Announced before the answer: a marketing system must not keep contacting a customer who withdrew
      // here. Stored but not announced is a 503: the app's retry writes the same decision and announces it.
      try {
        await deps.consentEvents.publish(consentAnnouncement(customerId, params, stored));
      } catch (error) {
        logger.error('Consent change not announced: request refused', { errorName: error instanceof Error ? error.name : typeof error });
        throw problems.serviceUnavailable();
      }
      const view = consentViews(stored).find((c) => c.purpose === params.purpose && c.channel === params.channel)!;
      return { status: 200, body: view };
    }),

    bindRoute(requestMyErasure).to(async ({ caller }) => {
      const outcome = await deps.requests.create({ requestId: randomUUID(), customerId: caller.customerId!, status: 'PENDING', requestedAt: now().toISOString() });
      return outcome.created
        ? { status: 201, body: erasureRequestView(outcome.request) }
        : { status: 200, body: erasureRequestView(outcome.existing) };
    }),

    bindRoute(exportMyData).to(async ({ caller }) => {
      const customerId = caller.customerId!;
      const body = await exportCustomer({ ...deps.export, requests: deps.requests, now }, customerId);
      return { status: 200, body, headers: { 'Content-Disposition': `attachment; filename="crm-export-${customerId}.json"` } };
    }),

    bindRoute(listErasureRequests).to(async ({ query }) => ({
      status: 200,
      body: { requests: (await deps.requests.list(query.status, 100)).map(erasureRequestView) },
    })),

    bindRoute(approveErasureRequest).to(async ({ params, caller }) => {
      const done = await approveErasure({ ...deps.erase, requests: deps.requests, now }, params.requestId, caller.subject);
      if (!done) throw problems.notFound('No erasure request with this id.');
      return { status: 200, body: erasureRequestView(done) };
    }),
  ];
};
