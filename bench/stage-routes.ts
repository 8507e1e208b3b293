import { parseCoursePayload, SIGNATURE_HEADER, syncCourse, verifySignature, type CourseSyncRepository } from '@coursesync/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { bareReply, BENCH_SECRET } from './bench-server-config';

/**
 * The webhook's work in cumulative stages, each a Fastify route of its own, so that a load on each shows over
 * HTTP what every stage adds (a step timed alone in a loop looks cheaper than it is in a busy server). Every
 * stage sits behind the adapter's own scaffolding (an encapsulated scope with a raw-body parser for any
 * Content-Type) and answers the bare route's reply, built from what it parsed, so replies are the same size.
 */
export const STAGES = [
  { path: '/stage/bytes', label: 'the adapter\'s raw-body parser, then JSON.parse and the bare reply' },
  { path: '/stage/signature', label: '+ verifySignature (HMAC-SHA256 of the body)' },
  { path: '/stage/validation', label: '+ parseCoursePayload instead of JSON.parse (UTF-8 check, JSON.parse, validation)' },
  { path: '/stage/sync', label: '+ syncCourse on the in-memory repository (a resend)' },
] as const;

type StagePath = (typeof STAGES)[number]['path'];

/** Registers the {@link STAGES} routes on `app`; a stage whose check fails answers 4xx, which the load counts. */
export async function registerStageRoutes(app: FastifyInstance, repository: CourseSyncRepository): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const handlers: Record<StagePath, (body: Buffer, signature: unknown, reply: FastifyReply) => Promise<unknown>> = {
      '/stage/bytes': async (body) => bareReply(JSON.parse(body.toString('utf8')) as Record<string, unknown>),
      '/stage/signature': async (body, signature, reply) => {
        if (!verifySignature(body, signature as string, BENCH_SECRET)) return reply.code(401).send();
        return bareReply(JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      },
      '/stage/validation': async (body, signature, reply) => {
        if (!verifySignature(body, signature as string, BENCH_SECRET)) return reply.code(401).send();
        const parsed = parseCoursePayload(body);
        if (!parsed.ok) return reply.code(400).send();
        return bareReply({ course_title: parsed.payload.title, assignments: parsed.payload.assignments });
      },
      '/stage/sync': async (body, signature, reply) => {
        if (!verifySignature(body, signature as string, BENCH_SECRET)) return reply.code(401).send();
        const parsed = parseCoursePayload(body);
        if (!parsed.ok) return reply.code(400).send();
        const { taskCount } = await syncCourse(repository, parsed.payload);
        if (taskCount !== parsed.payload.assignments.length) return reply.code(500).send();
        return bareReply({ course_title: parsed.payload.title, assignments: parsed.payload.assignments });
      },
    };
    for (const { path } of STAGES) {
      const handler = handlers[path];
      scope.post(path, (request, reply) => handler(request.body as Buffer, request.headers[SIGNATURE_HEADER], reply));
    }
  });
}
