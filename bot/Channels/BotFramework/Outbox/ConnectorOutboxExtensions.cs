using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

internal static class ConnectorOutboxExtensions
{
    /// <summary>
    /// The Bot Connector channels' outbox: options (section <see cref="ConnectorOutboxOptions.SectionName"/>, validated at
    /// start), the outbox and its sweep. Turns write into it through <see cref="ConnectorTurnLog"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConnectorOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorOutboxOptions>()
            .BindConfiguration(ConnectorOutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOutboxOptions>, ConnectorOutboxOptionsValidator>());
        builder.Services.AddSingleton<ConnectorOutbox>();
        builder.Services.AddHostedService<ConnectorOutboxSweeper>();
        return builder;
    }
}
