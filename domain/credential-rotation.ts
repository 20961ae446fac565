/** The rotation's workflow id names its target key: a second start for the same key joins the running one. */
export const credentialRotationWorkflowId = (targetKeyId: string) => `credential-rotation:${targetKeyId}`;
