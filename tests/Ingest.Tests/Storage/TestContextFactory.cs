using Martin360.Ingest.Storage;
using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Tests.Storage;

/// <summary>A context factory over one SQLite file, as the app's DI would make it.</summary>
internal sealed class TestContextFactory(DbContextOptions<Martin360DbContext> options) : IDbContextFactory<Martin360DbContext>
{
    public Martin360DbContext CreateDbContext() => new(options);
}
