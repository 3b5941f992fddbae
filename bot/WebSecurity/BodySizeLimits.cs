using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// The largest request body per group of endpoints (<see cref="WebSecurityOptions.BodyLimits"/>): a declared length over
/// it is refused before anything is read, and Kestrel stops a chunked body at it. Either way the client gets a 413
/// ProblemDetails. Endpoints with a limit of their own (the knowledge upload's <c>RequestSizeLimit</c>) keep it.
/// </summary>
internal sealed class BodySizeLimits(IOptions<WebSecurityOptions> options)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var max = LimitFor(context);
        if (max is { } limit)
        {
            if (context.Request.ContentLength > limit)
            {
                await TooLargeAsync(context, limit);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, max);
        }
    }

    private long? LimitFor(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null)
        {
            return null;
        }
        var limits = options.Value.BodyLimits;
        return EndpointGroups.Of(context.Request) switch
        {
            EndpointGroup.DirectLine => limits.DirectLine,
            EndpointGroup.BotFramework => limits.BotFramework,
            EndpointGroup.SignIn or EndpointGroup.Demo => limits.Forms,
            EndpointGroup.Admin => limits.Admin,
            _ => limits.Default,
        };
    }

    private static async Task TooLargeAsync(HttpContext context, long? limit)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The rest of the body is not read: the connection closes after this answer rather than draining megabytes.
        context.Response.Headers.Connection = "close";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Body too large",
                Detail = limit is { } bytes ? $"Requests here are limited to {bytes} bytes." : "The request body is larger than this endpoint accepts.",
            },
        });
    }
}
