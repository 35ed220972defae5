using Martin360.Ingest.Http;
using Martin360.Ingest.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Ingest.Control;

/// <summary>Maps the control hub behind the ingest API key.</summary>
public static class ControlEndpoints
{
    public static IEndpointConventionBuilder MapControlHub(this IEndpointRouteBuilder endpoints)
    {
        var hub = endpoints.MapHub<ControlHub>(ControlChannel.HubPath);

        // Applies to both the negotiate and the connect endpoint, so no connection exists without a valid key.
        hub.Add(builder =>
        {
            var next = builder.RequestDelegate!;
            builder.RequestDelegate = async context =>
            {
                var keys = context.RequestServices.GetRequiredService<ApiKeyStore>();
                if (!await keys.ValidateAsync(PresentedKey(context.Request), context.RequestAborted))
                {
                    await Problems.Unauthorized().ExecuteAsync(context);
                    return;
                }

                await next(context);
            };
        });
        return hub;
    }

    /// <summary>
    /// The X-Api-Key header; or the key as a bearer token / access_token query parameter, which is how the SignalR
    /// clients send accessTokenFactory's value (browsers cannot set headers on a WebSocket).
    /// </summary>
    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyFilter.HeaderName].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Query["access_token"].ToString();
    }
}
