using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.AspNetCore.Http.Json;

namespace HelpdeskBot.Bot.Hosting;

/// <summary>
/// Limits for JSON that arrives from outside (Direct Line, /api/messages and card invokes, the admin and agent APIs,
/// the agent hub): nesting deeper than <see cref="MaxDepth"/> is refused while reading, before anything is allocated
/// for it, and becomes a 400 ProblemDetails (see <see cref="JsonBodies"/>). No activity, card submission or admin body
/// comes near 32 levels; the serializer's default of 64 is only an upper bound. What the bot writes itself keeps
/// <see cref="ProtocolJson.Options"/>, so outgoing cards are never cut by an inbound limit.
/// </summary>
internal static class InboundJson
{
    public const int MaxDepth = 32;

    /// <summary><see cref="ProtocolJson.Options"/> with <see cref="MaxDepth"/>, for activities and the bodies read by <see cref="JsonBodies"/>.</summary>
    public static JsonSerializerOptions Protocol { get; } = Limited(ProtocolJson.Options);

    /// <summary><see cref="JsonSerializerOptions.Web"/> with <see cref="MaxDepth"/>, for bodies read with web defaults.</summary>
    public static JsonSerializerOptions Web { get; } = Limited(JsonSerializerOptions.Web);

    /// <summary>The same depth for bodies bound by minimal APIs and for the agent hub's arguments.</summary>
    public static IHostApplicationBuilder AddInboundJsonLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = MaxDepth);
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.MaxDepth = MaxDepth);
        return builder;
    }

    /// <summary>
    /// Whether a body just read can be written back. JSON allows escapes of unpaired surrogates (<c>"\ud800"</c>); the
    /// reader keeps them inside JsonElement values (channelData, value, attachments, unknown fields) and only fails
    /// when the activity is written to the transcript or sent on, which would be a 500 after the turn had started.
    /// Found by the fuzz suite (docs/hostile-input.md); such a body is refused up front instead.
    /// </summary>
    public static bool CanBeWritten<T>(T body)
    {
        try
        {
            JsonSerializer.Serialize(Stream.Null, body, Protocol);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonSerializerOptions Limited(JsonSerializerOptions from)
    {
        var options = new JsonSerializerOptions(from) { MaxDepth = MaxDepth };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
