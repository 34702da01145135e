import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { completeDocument, type PlatformAnswers } from './complete-document';
import { routeFacts } from './route-facts';

/**
 * `/docs` (the UI) and `/docs-json`; every /v1 route documents bearer auth, its roles, its parameters as strictly as
 * they are validated, and every problem+json error it can answer (see complete-document.ts).
 */
export function setupOpenApi(app: INestApplication, service: string, description: string, platform: PlatformAnswers): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`IOP platform: ${service}`)
    .setDescription(`${description}\n\nErrors are application/problem+json (RFC 9457). Text never contains U+0000: a request with it anywhere is a 400.`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = completeDocument(SwaggerModule.createDocument(app, config), routeFacts(app), platform);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}
