using Martin360.Ingest.Import;

namespace Martin360.Ingest.Http;

public sealed record ImportResponse(IReadOnlyList<ImportFileResult> Files);
