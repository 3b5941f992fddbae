using HelpdeskBot.Bot.Admin;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

internal static class RetentionExtensions
{
    /// <summary>
    /// Retention and erasure: options (section <see cref="RetentionOptions.SectionName"/>, validated at start), the purge and
    /// its background job, the eraser, the access export and the "delete my data" step of the turn pipeline.
    /// </summary>
    public static IHostApplicationBuilder AddRetentionAndErasure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService<RetentionJob>();
        builder.Services.AddSingleton<ConversationDataEraser>();
        builder.Services.AddSingleton<ErasureConversation>();
        builder.Services.AddSingleton<ConversationDataExport>();
        builder.Services.AddAdminAccess();
        return builder;
    }
}
