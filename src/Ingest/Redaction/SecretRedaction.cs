namespace Martin360.Ingest.Redaction;

/// <summary>
/// Where secrets were removed: the step (null for the run header), the field ("input", "output", "command",
/// "run.task_objective", ...), the kind of secret ("openai-key", "private-key", ...) and how many.
/// </summary>
public sealed record SecretRedaction(long? StepSequence, string Field, string Kind, int Count);
