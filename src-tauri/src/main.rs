//! The Cofrestr desktop window. All behaviour lives in the `cofrestr` core; this binary wires
//! the Tauri commands in `commands.rs` to it and serves the static `ui/` folder.

#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

mod commands;
mod dialogs;

fn main() {
    let prefs = cofrestr::paths::Prefs::load();
    let zoom = prefs.zoom();
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                // The zoom chosen last time (Ctrl+= / Ctrl+-); nothing lost if it cannot be set.
                if (zoom - 1.0).abs() > 1e-6 {
                    let _ = window.set_zoom(zoom);
                }
            }
            Ok(())
        })
        .manage(commands::AppState::new(prefs))
        .invoke_handler(tauri::generate_handler![
            commands::status,
            commands::remember_view,
            commands::today,
            commands::headline,
            commands::about,
            commands::licences,
            commands::messages,
            commands::set_lang,
            commands::zoom,
            dialogs::choose,
            commands::create_database,
            commands::unlock,
            commands::lock,
            commands::registers,
            commands::list,
            commands::get,
            commands::save,
            commands::delete,
            commands::history,
            commands::dashboard,
            commands::settings,
            commands::still_here,
            commands::save_settings,
            commands::change_passphrase,
            commands::recover,
            commands::pending_recovery_key,
            commands::confirm_recovery_key,
            commands::recovery_sheet,
            commands::recovery_status,
            commands::new_recovery_key,
            commands::escrowed_keys,
            commands::open_escrow,
            commands::backup,
            commands::verify_audit,
            commands::exports,
            commands::notify_due,
            commands::heat_map,
            commands::report_pack,
            commands::report_annual,
            commands::report_periods,
            commands::report_register,
            commands::open_saved,
            commands::load_starter,
            commands::export_register,
            commands::import_register,
            commands::training,
            commands::training_chase,
            commands::export_chase,
            commands::raise_action,
            commands::links,
            commands::returns_status,
            commands::hub_init,
            commands::add_laptop,
            commands::replaceable,
            commands::laptops,
            commands::withdraw_laptop,
            commands::join_hub,
            commands::write_return,
            commands::read_return,
            commands::read_returns_folder,
            commands::write_pack,
            commands::read_pack,
            commands::conflicts,
            commands::conflict,
            commands::resolve_conflict,
        ])
        .run(tauri::generate_context!())
        .expect("the Cofrestr window failed to start");
}
