// Binds a function to a route contract. The function receives the validated inputs typed by the
// contract and answers with one of the contract's responses (or throws an HttpProblem).
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { RouteContract } from '../contracts/api/route-contract';
import type { Caller } from './caller';

type Part<R extends RouteContract, K extends keyof RouteContract['request']> = R['request'] extends {
  [P in K]: infer S extends z.core.$ZodType;
}
  ? z.output<S>
  : undefined;

export type RouteRequest<R extends RouteContract> = {
  params: Part<R, 'path'>;
  query: Part<R, 'query'>;
  headers: Part<R, 'headers'>;
  body: Part<R, 'body'>;
  /** Present on every route but public ones. */
  caller: R['access'] extends { kind: 'public' } ? Caller | undefined : Caller;
  correlationId: string;
  event: APIGatewayProxyEvent;
};

export type RouteReply<R extends RouteContract> = {
  [S in keyof R['responses'] & number]: {
    status: S;
    body: R['responses'][S] extends { schema: infer B extends z.core.$ZodType } ? z.input<B> : undefined;
    headers?: Record<string, string>;
  };
}[keyof R['responses'] & number];

export type RouteHandler<R extends RouteContract> = (request: RouteRequest<R>) => Promise<RouteReply<R>>;

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type RouteBinding = {
  contract: RouteContract;
  handle: (request: RouteRequest<RouteContract>) => Promise<Reply>;
};

/** `bindRoute(getCustomer).to(async ({ params }) => ...)`: two steps, so the contract alone types the function. */
export const bindRoute = <R extends RouteContract>(contract: R) => ({
  to: (handle: RouteHandler<R>): RouteBinding => ({ contract, handle: handle as unknown as RouteBinding['handle'] }),
});
