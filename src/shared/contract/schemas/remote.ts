import { z } from 'zod'

/** An OpenAI-compatible server the user added in Models (its key lives in the secret store). */
export const RemoteEndpointSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'Give the endpoint a name.').max(80),
  /** The API's base, with its /v1: `http://gpu-box:8080/v1`. */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'Enter the server address, like http://gpu-box:8080/v1.' })
    .max(2048),
  /** One of the ids its GET /v1/models lists. */
  modelId: z.string().min(1).max(256),
})
export type RemoteEndpointSetting = z.infer<typeof RemoteEndpointSchema>

/** Asks a server which models it serves, while the user adds it (the key as typed, or saved). */
export const RemoteModelsInputSchema = z
  .object({
    baseUrl: RemoteEndpointSchema.shape.baseUrl,
    apiKey: z.string().max(4096).optional(),
    /** An endpoint already added: its saved key is used when none is typed. */
    endpointId: z.string().max(64).optional(),
  })
  .strict()

export const RemoteModelsOutputSchema = z.object({ models: z.array(z.string()) })

/** Saves (or with null, removes) an endpoint's key; the key is never sent back. */
export const RemoteKeyInputSchema = z
  .object({ endpointId: z.string().min(1).max(64), key: z.string().max(4096).nullable() })
  .strict()

export const RemoteKeyOutputSchema = z.object({ keySet: z.boolean() })
