using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Notifications;

internal static class NotificationExtensions
{
    /// <summary>
    /// Proactive status notifications: options (section <see cref="NotificationOptions.SectionName"/>, validated at start),
    /// the notifier and the background service that runs it. Conversation references are recorded by the turn pipeline.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        builder.Services.AddSingleton<StatusNotifier>();
        builder.Services.AddHostedService<StatusNotificationService>();
        return builder;
    }
}
