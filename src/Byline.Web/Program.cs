using Byline.Web.Features;
using Byline.Web.Features.Discovery;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Export;
using Byline.Web.Features.Import;
using Byline.Web.Features.Media;
using Byline.Web.Features.Search;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Commands;
using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.ScaleOut;
using Byline.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddBylineData();
builder.AddBylineWeb();
builder.AddOperations();
builder.Services.AddPublicPageCache();
builder.AddScaleOut();
builder.Services.AddBylineIdentity();
builder.Services.AddSite();
builder.Services.AddArticles(builder.Configuration);
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddComments(builder.Configuration);
builder.Services.AddPopular(builder.Configuration);
builder.Services.AddRelated();
builder.Services.AddDemo();
builder.Services.AddAdmin();
builder.Services.AddCommentModeration();
builder.Services.AddMedia(builder.Configuration);
builder.Services.AddSiteAdmin();
builder.Services.AddDiscovery();
builder.Services.AddImport();
builder.Services.AddExport();

var app = builder.Build();

if (BylineCommands.IsCommand(args))
{
    return await BylineCommands.RunAsync(app, args);
}

await app.Services.PrepareDatabaseAsync();

app.UseForwardedHeadersFromKnownProxies();
app.UseBylineWeb();
app.UseBylineIdentity();
app.UseRedirects();
app.UsePopular();
app.UsePublicPageCache();
app.MapBylineWeb();
app.MapAdmin();
app.MapHealth();
app.MapMedia();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
