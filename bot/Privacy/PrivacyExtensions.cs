using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

internal static class PrivacyExtensions
{
    /// <summary>
    /// The agent console's view of personal data (<see cref="PrivacyOptions"/>, checked at start; an unknown key such as
    /// "Privacy:AgentView:Password" is an error) and the logger factory that masks every log line.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>()
            .BindConfiguration(PrivacyOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidator>());

        // Built here rather than resolved, so the masking factory wraps the providers tests and hosts add later too.
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new MaskingLoggerFactory(
            new LoggerFactory(
                sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(),
                sp.GetService<IExternalScopeProvider>()),
            sp.GetRequiredService<PersonalDataMasker>())));
        return builder;
    }
}
