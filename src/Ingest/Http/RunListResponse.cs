namespace Martin360.Ingest.Http;

public sealed record RunListResponse(IReadOnlyList<RunView> Items, int Total, int Skip, int Take);
