using Martin360.Ingest.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Ingest.Http;

/// <summary>Lets a request through only with a valid X-Api-Key.</summary>
internal sealed class ApiKeyFilter : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = http.RequestServices.GetRequiredService<ApiKeyStore>();
        var presented = http.Request.Headers[HeaderName].ToString();
        if (!await keys.ValidateAsync(presented, http.RequestAborted))
        {
            return Problems.Unauthorized();
        }

        return await next(context);
    }
}
